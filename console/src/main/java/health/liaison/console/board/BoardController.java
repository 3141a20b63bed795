package health.liaison.console.board;

import health.liaison.console.api.RecordsApi;
import health.liaison.console.security.StaffUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The surgery board of one of the user's clinics; the care team ticks checklist items from it. */
@Controller
class BoardController {

    private final SurgeryBoardView boards;
    private final RecordsApi records;

    BoardController(SurgeryBoardView boards, RecordsApi records) {
        this.boards = boards;
        this.records = records;
    }

    @GetMapping("/board")
    String board(@RequestParam(required = false) String locationId, Model model) {
        StaffUser user = StaffUser.current();
        model.addAttribute("board", boards.build(locationId == null || locationId.isBlank() ? user.firstLocation() : locationId));
        model.addAttribute("locations", user.locations());
        return "board/board";
    }

    @PostMapping("/board/{appointmentId}/checklist/{item}")
    String tick(@PathVariable String appointmentId, @PathVariable String item, @RequestParam String locationId,
                RedirectAttributes redirect) {
        records.tick(appointmentId, item);
        redirect.addFlashAttribute("notice", "board.ticked");
        return "redirect:/board?locationId=" + locationId;
    }
}
