package health.liaison.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Period;

/**
 * A date or instant within {@link TimeBounds} (by default 2000-01-01 to 5 years ahead). {@link #horizon} widens the
 * look-ahead for a field that is legitimately further out (an implant's expiry date).
 */
@Documented
@Constraint(validatedBy = WithinTimeBounds.Check.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface WithinTimeBounds {

    String message() default "is out of the accepted range";

    /** An ISO-8601 period overriding the configured horizon, e.g. {@code P20Y}; empty for the configured one. */
    String horizon() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Spring creates it with the application's {@link TimeBounds} bean. */
    class Check implements ConstraintValidator<WithinTimeBounds, Object> {

        private final TimeBounds bounds;
        private Period horizon;

        public Check(TimeBounds bounds) {
            this.bounds = bounds;
        }

        @Override
        public void initialize(WithinTimeBounds annotation) {
            horizon = annotation.horizon().isEmpty() ? null : Period.parse(annotation.horizon());
        }

        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            if (bounds.allows(value, horizon)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(bounds.message(horizon)).addConstraintViolation();
            return false;
        }
    }
}
