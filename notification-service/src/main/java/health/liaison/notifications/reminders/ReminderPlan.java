package health.liaison.notifications.reminders;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How long before an appointment its reminders go: the practice's default (7 days, 48 hours, 2 hours) unless a
 * rule for the appointment type and/or clinic says otherwise. The most specific rule wins: type and clinic, then
 * type, then clinic. Reminders whose time has passed when the appointment is booked are not planned.
 */
public record ReminderPlan(List<Duration> defaultOffsets, List<Rule> rules) {

    public ReminderPlan {
        defaultOffsets = List.copyOf(defaultOffsets);
        rules = List.copyOf(rules);
    }

    public List<Duration> offsetsFor(String appointmentTypeId, String locationId) {
        return rules.stream()
                .filter(rule -> rule.matches(appointmentTypeId, locationId))
                .max(Comparator.comparingInt(Rule::specificity))
                .map(Rule::offsets)
                .orElse(defaultOffsets);
    }

    /** The reminders due after {@code now} for an appointment starting at {@code start}, earliest first. */
    public List<Reminder> remindersFor(String appointmentTypeId, String locationId, Instant start, Instant now) {
        List<Reminder> reminders = new ArrayList<>();
        for (Duration offset : offsetsFor(appointmentTypeId, locationId)) {
            Instant due = start.minus(offset);
            if (due.isAfter(now)) {
                reminders.add(new Reminder(offset, due));
            }
        }
        reminders.sort(Comparator.comparing(Reminder::due));
        return reminders;
    }

    /** A reminder {@code offset} before the appointment, due at {@code due}. */
    public record Reminder(Duration offset, Instant due) {
    }

    /** Offsets for an appointment type, a clinic, or both; a null field matches anything. */
    public record Rule(String appointmentType, String location, List<Duration> offsets) {

        public Rule {
            offsets = offsets == null ? List.of() : List.copyOf(offsets);
        }

        boolean matches(String appointmentTypeId, String locationId) {
            return (appointmentType == null || appointmentType.equals(appointmentTypeId))
                    && (location == null || location.equals(locationId));
        }

        int specificity() {
            return (appointmentType == null ? 0 : 2) + (location == null ? 0 : 1);
        }
    }
}
