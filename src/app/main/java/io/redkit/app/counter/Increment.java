package io.redkit.app.counter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /api/counters/{name}/increment}. */
public record Increment(@NotNull @Min(1) @Max(1_000_000) Long by) {}
