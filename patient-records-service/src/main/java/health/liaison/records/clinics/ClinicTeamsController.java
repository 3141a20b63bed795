package health.liaison.records.clinics;

import health.liaison.platform.tenancy.Callers;
import health.liaison.platform.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.ZoneId;

/** A clinic's follow-up team: its lead coordinator, who owns self-arriving inquiries, the response target. */
@RestController
@RequestMapping("/api/records/v1/clinics/{locationId}")
class ClinicTeamsController {

    private final ClinicTeams teams;
    private final Clinics clinics;

    ClinicTeamsController(ClinicTeams teams, Clinics clinics) {
        this.teams = teams;
        this.clinics = clinics;
    }

    record TeamRequest(@Pattern(regexp = "[A-Za-z0-9@._-]{1,100}") String leadCoordinatorId,
                       @Pattern(regexp = "[A-Za-z0-9@._-]{1,100}") String intakeOwnerId,
                       @Min(5) @Max(10080) Integer responseTargetMinutes) {
    }

    record TeamView(String locationId, String leadCoordinatorId, String intakeOwnerId, long responseTargetMinutes,
                    String zoneId, boolean hoursKnown) {
    }

    @Operation(summary = "Set a clinic's lead coordinator, intake owner and response target (ADMIN)")
    @PutMapping("/follow-up-team")
    @PreAuthorize("hasRole('ADMIN')")
    TeamView set(@PathVariable String locationId, @Valid @RequestBody TeamRequest request) {
        check(locationId);
        teams.set(locationId, request.leadCoordinatorId(), request.intakeOwnerId(), request.responseTargetMinutes());
        return read(locationId);
    }

    @Operation(summary = "A clinic's follow-up team and whether records knows its hours yet")
    @GetMapping("/follow-up-team")
    @PreAuthorize("hasAnyRole('COORDINATOR','ADMIN')")
    TeamView read(@PathVariable String locationId) {
        check(locationId);
        ClinicTeam team = teams.of(locationId);
        var clinic = clinics.find(locationId);
        return new TeamView(locationId, team.leadCoordinatorId(), team.intakeOwnerId(), team.responseTarget().toMinutes(),
                clinic.map(Clinic::zoneId).orElse(ZoneId.of("UTC").getId()), clinic.isPresent());
    }

    private static void check(String locationId) {
        var caller = Callers.current();
        if (!caller.worksAt(locationId) && !caller.hasRole("ADMIN")) {
            throw ApiProblem.forbidden("This clinic is not one of yours.");
        }
    }
}
