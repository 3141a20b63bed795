package health.liaison.records.clinics;

import health.liaison.platform.store.TenantStore;
import health.liaison.platform.store.TenantStores;
import health.liaison.platform.store.Versioned;
import health.liaison.platform.tenancy.Caller;
import health.liaison.platform.tenancy.Callers;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;

/** Each clinic's follow-up team settings (lead coordinator, intake owner, response target). */
@Service
public class ClinicTeams {

    private final TenantStore<ClinicTeam> teams;
    private final Clock clock;

    ClinicTeams(TenantStores stores, Clock clock) {
        this.teams = stores.ofNamed(ClinicTeam.class, "clinic_teams", "clinic team");
        this.clock = clock;
    }

    public ClinicTeam of(String locationId) {
        return teams.find(locationId).map(Versioned::value).orElse(ClinicTeam.none(locationId));
    }

    /** Whether the caller leads the clinic's team (or is an administrator, who sees every team). */
    public boolean leads(Caller caller, String locationId) {
        return caller.hasRole("ADMIN") || caller.userId().equals(of(locationId).leadCoordinatorId());
    }

    ClinicTeam set(String locationId, String leadCoordinatorId, String intakeOwnerId, Integer responseTargetMinutes) {
        ClinicTeam next = new ClinicTeam(locationId, leadCoordinatorId, intakeOwnerId, responseTargetMinutes,
                clock.instant(), Callers.current().userId());
        try {
            teams.insert(next, List.of(), locationId);
        } catch (DuplicateKeyException exists) {
            teams.modify(locationId, current -> TenantStore.Change.quietly(next));
        }
        return next;
    }
}
