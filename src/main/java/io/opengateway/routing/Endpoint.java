package io.opengateway.routing;

/**
 * Which public API a request came through. Lower-cased, it is the endpoint of billing records,
 * metrics and the request log.
 */
public enum Endpoint { CHAT, RESPONSES, MESSAGES, COUNT_TOKENS }
