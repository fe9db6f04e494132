package io.opengateway.catalog;

import java.time.LocalDate;

/**
 * A model its provider no longer serves (the catalog's {@code retired:} list). A request for it, or
 * for one of its aliases, is answered 404 {@code model_not_found} naming the replacement, rather than
 * sent upstream to fail there (or, on Gemini, to be answered by another model at another price).
 *
 * @param retiredOn the day the provider stopped serving it, or null when the provider gives none
 * @param replacement the provider's named replacement, or null when it names none
 */
public record RetiredModel(String id, LocalDate retiredOn, String replacement) {
}
