package io.redkit.app.web;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text that is stored in PostgreSQL or used in a query on it: PostgreSQL's text types cannot hold U+0000, and a value
 * carrying one fails the statement (a 500) unless it is refused here, as a 400 naming the field.
 */
@Documented
@Constraint(validatedBy = NoNul.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface NoNul {

    String message() default "must not contain the NUL character (U+0000): the database cannot store it";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null is valid (other constraints say whether a value is required). */
    class Validator implements ConstraintValidator<NoNul, CharSequence> {
        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || value.chars().noneMatch(c -> c == 0);
        }
    }
}
