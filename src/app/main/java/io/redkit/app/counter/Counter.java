package io.redkit.app.counter;

/** A named counter and its current value. */
public record Counter(String name, long value) {}
