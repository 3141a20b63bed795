package health.liaison.notifications.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageTest {

    final Instant now = Instant.parse("2030-06-04T15:00:00Z");
    final Message queued = Message.planned("rem-1", "pat-1", "aurora-miami", "apt-1", "REMINDER", Channel.SMS, now,
            now.plusSeconds(7200), "evt-1", now);

    private Message sending(Message m) {
        return new Message(m.id(), m.patientId(), m.locationId(), m.appointmentId(), m.kind(), m.channel(), m.purpose(),
                m.urgent(), MessageStatus.SENDING, m.dueAt(), m.appointmentStart(), m.attempts(), "replica-a",
                now.plusSeconds(120), m.sourceEventId(), m.createdAt(), null, null, null, null, null, now, m.reference(),
                m.staffRole(), m.details(), null, null);
    }

    @Test
    void onlyAQueuedMessageCanBeCancelledSoASentOneStaysSent() {
        assertThat(queued.cancelled(now).status()).isEqualTo(MessageStatus.CANCELLED);
        Message sent = sending(queued).sent("SM1", "key", "en", now);
        assertThatThrownBy(() -> sent.cancelled(now)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyAClaimedMessageCanBeSentSoAQueuedOneIsNeverSentWithoutALease() {
        assertThatThrownBy(() -> queued.sent("SM1", "key", "en", now)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendingCountsTheAttemptAndReleasesTheLease() {
        Message sent = sending(queued).sent("SM1", "key", "en", now);
        assertThat(sent.attempts()).isEqualTo(1);
        assertThat(sent.leaseOwner()).isNull();
        assertThat(sent.sentAt()).isEqualTo(now);
    }

    @Test
    void deferringForQuietHoursCountsNoAttempt() {
        Message deferred = sending(queued).deferredUntil(now.plusSeconds(3600), now);
        assertThat(deferred.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(deferred.attempts()).isZero();
        assertThat(deferred.dueAt()).isEqualTo(now.plusSeconds(3600));
    }

    @Test
    void aCancelledReminderCanBePlannedAgain() {
        Message requeued = queued.cancelled(now).requeued(now.plusSeconds(60), now);
        assertThat(requeued.status()).isEqualTo(MessageStatus.QUEUED);
        assertThat(requeued.dueAt()).isEqualTo(now.plusSeconds(60));
    }
}
