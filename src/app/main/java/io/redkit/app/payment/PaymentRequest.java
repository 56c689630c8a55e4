package io.redkit.app.payment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code PUT /api/payments/{id}}. */
public record PaymentRequest(
        @NotNull @Min(1) @Max(100_000_000) Long amountCents,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {}
