package io.opengateway.routing;

/** Which public API a request came through. */
public enum Endpoint { CHAT, RESPONSES }
