package health.liaison.notifications.preferences;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/** Stored preferences and SMS opt-outs of the caller's practice group. */
@Component
public class PatientPreferences {

    private final TenantStore<Preferences> preferences;
    private final TenantStore<SmsOptOut> optOuts;
    private final Clock clock;

    PatientPreferences(TenantStores stores, Clock clock) {
        // under <tenant>|<patientId>: another group's id never meets ours (a first write cannot collide with it)
        this.preferences = stores.ofNamed(Preferences.class, "preferences", "preferences");
        // a number's opt-out per practice group, under <tenant>|<number's key>: two groups texting one number each
        // keep their own (earlier versions stored the bare key, and another group's STOP then failed on it)
        this.optOuts = stores.ofNamed(SmsOptOut.class, "sms_opt_outs", "opt-out");
        this.clock = clock;
    }

    public Preferences of(String patientId) {
        return preferences.find(patientId).map(Versioned::value).orElseGet(() -> Preferences.defaultsFor(patientId));
    }

    boolean stored(String patientId) {
        return preferences.find(patientId).isPresent();
    }

    Versioned<Preferences> versioned(String patientId) {
        return preferences.find(patientId).orElseGet(() -> new Versioned<>(Preferences.defaultsFor(patientId), 0));
    }

    Versioned<Preferences> save(Preferences next, long expectedVersion, String locationId) {
        if (expectedVersion == 0) {
            try {
                return preferences.insert(next, List.of(), locationId);
            } catch (DuplicateKeyException raced) {
                throw health.liaison.platform.web.ApiProblem.preconditionFailed(
                        "These preferences were changed by someone else since you read them. Read them again.");
            }
        }
        return preferences.update(next.id(), expectedVersion, next, List.of(), locationId);
    }

    /**
     * Two charts of one person were merged: the surviving patient's own stored preferences win; without any, the
     * merged chart's choices carry over. The merged chart's document then goes, so nothing is kept twice. Copy before
     * delete, so a retry after a crash in between finishes the move and a repeat changes nothing.
     */
    public void merge(String mergedPatientId, String survivingPatientId, String locationId) {
        preferences.find(mergedPatientId).ifPresent(merged -> {
            if (preferences.find(survivingPatientId).isEmpty()) {
                Preferences p = merged.value();
                try {
                    preferences.insert(new Preferences(survivingPatientId, survivingPatientId, p.emailCare(), p.emailMarketing(),
                            p.smsCare(), p.smsMarketing(), p.updatedAt()), List.of(), locationId);
                } catch (DuplicateKeyException raced) {
                    // the surviving patient chose meanwhile: theirs win
                }
            }
            preferences.delete(mergedPatientId);
        });
    }

    public boolean isOptedOut(String recipientKey) {
        return optOuts.find(recipientKey).map(v -> v.value().optedOut()).orElse(false);
    }

    /** STOP from a number: that number gets no SMS, and the patient it belongs to gets SMS switched off. */
    public void stopSms(String recipientKey, String patientId, String locationId) {
        setOptOut(recipientKey, true, locationId);
        if (patientId != null) {
            Preferences current = of(patientId);
            if (preferences.find(patientId).isEmpty()) {
                try {
                    preferences.insert(current.withoutSms(clock.instant()), List.of(), locationId);
                    return;
                } catch (DuplicateKeyException raced) {
                    // stored meanwhile: change the stored one below
                }
            }
            preferences.modify(patientId, p -> TenantStore.Change.quietly(p.withoutSms(clock.instant())));
        }
    }

    /** START from a number: it may receive SMS again (the patient's own preferences still apply). */
    public void startSms(String recipientKey, String locationId) {
        setOptOut(recipientKey, false, locationId);
    }

    private void setOptOut(String recipientKey, boolean optedOut, String locationId) {
        SmsOptOut next = new SmsOptOut(recipientKey, optedOut, clock.instant());
        try {
            optOuts.insert(next, List.of(), locationId);
        } catch (DuplicateKeyException exists) {
            optOuts.modify(recipientKey, current -> TenantStore.Change.quietly(next));
        }
    }
}
