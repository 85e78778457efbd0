package io.kairos.admin;

import io.kairos.impact.ControlGroupReport;
import io.kairos.impact.Experiment;
import io.kairos.platform.DeadLetters;
import io.kairos.proactive.InvalidSignalException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.server.ResponseStatusException;

/** The admin pages, rendered on the server (Thymeleaf templates in {@code templates/admin/}). */
@Controller
@RequestMapping("/admin")
class AdminPageController {

    private final CustomerTimeline timeline;
    private final SignalReport signals;
    private final ImpactReport impact;
    private final ControlGroupReport controlGroups;
    private final OutboxOverview outbox;
    private final DeadLetters deadLetters;
    private final AdminActions actions;
    private final AdminProperties properties;

    AdminPageController(CustomerTimeline timeline, SignalReport signals, ImpactReport impact,
                        ControlGroupReport controlGroups, OutboxOverview outbox, DeadLetters deadLetters,
                        AdminActions actions, AdminProperties properties) {
        this.timeline = timeline;
        this.signals = signals;
        this.impact = impact;
        this.controlGroups = controlGroups;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.actions = actions;
        this.properties = properties;
    }

    /** The form; forwarded here after a failed or refused sign-in, it answers 401 or 429 with the reason. */
    @RequestMapping({"/login", "/login/failed"})
    String login(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object error = request.getAttribute(AdminSecurity.LOGIN_ERROR);
        if (error != null) {
            Object status = request.getAttribute(AdminSecurity.LOGIN_ERROR + ".status");
            response.setStatus(status instanceof Integer code ? code : 401);
            model.addAttribute("error", error);
        }
        model.addAttribute("signedOut", request.getParameter("signedOut") != null);
        model.addAttribute("configured", properties.configured());
        return "admin/login";
    }

    @GetMapping
    String home() {
        return "redirect:/admin/customers";
    }

    @GetMapping("/customers")
    String customers(@RequestParam(required = false) String email, Model model) {
        model.addAttribute("page", "customers");
        model.addAttribute("email", email == null ? "" : email.trim());
        if (email != null && !email.isBlank()) {
            model.addAttribute("timeline", timeline.of(email));
        }
        return "admin/customers";
    }

    @GetMapping("/signals")
    String signals(Model model) {
        model.addAttribute("page", "signals");
        model.addAttribute("signals", signals.recent(100));
        return "admin/signals";
    }

    @GetMapping("/signals/{id}")
    String signal(@PathVariable String id, Model model) {
        model.addAttribute("page", "signals");
        model.addAttribute("signal", signals.one(id).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "no signal " + id)));
        return "admin/signal";
    }

    @GetMapping("/signals/preview")
    String previewForm(Model model) {
        model.addAttribute("page", "signals");
        model.addAttribute("form", Map.of("type", "KNOWN_ISSUE", "severity", "NORMAL"));
        return "admin/preview";
    }

    /** The dry run: nothing is stored, nothing is sent. */
    @PostMapping("/signals/preview")
    String preview(@RequestParam Map<String, String> form, Model model, HttpServletResponse response) {
        model.addAttribute("page", "signals");
        model.addAttribute("form", form);
        try {
            model.addAttribute("preview", actions.preview(form));
        } catch (InvalidSignalException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("errorField", e.field());
        }
        return "admin/preview";
    }

    @GetMapping("/outbox")
    String outbox(Model model) {
        model.addAttribute("page", "outbox");
        model.addAttribute("outbox", outbox.overview(200));
        return "admin/outbox";
    }

    @PostMapping("/outbox/{id}/replay")
    String replayMessage(@PathVariable long id, Principal principal, RedirectAttributes flash) {
        flash.addFlashAttribute("notice", actions.replayMessage(id, principal)
                ? "Message " + id + " is planned again; the replay is in the ledger."
                : "Message " + id + " is no longer failed or awaiting reconciliation.");
        return "redirect:/admin/outbox";
    }

    @GetMapping("/dead-letters")
    String deadLetters(@RequestParam(required = false) String source, @RequestParam(required = false) String reason,
                       @RequestParam(defaultValue = "false") boolean includeReplayed, Model model) {
        model.addAttribute("page", "dead-letters");
        model.addAttribute("source", source == null ? "" : source);
        model.addAttribute("reason", reason == null ? "" : reason);
        model.addAttribute("includeReplayed", includeReplayed);
        model.addAttribute("openBySource", deadLetters.openBySource());
        model.addAttribute("letters", deadLetters.list(new DeadLetters.Query(source, reason, includeReplayed, 500)));
        model.addAttribute("replays", deadLetters.replays(20));
        return "admin/dead-letters";
    }

    @GetMapping("/dead-letters/{id}")
    String deadLetter(@PathVariable long id, Model model) {
        DeadLetters.Letter letter = deadLetters.find(id).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "no dead letter " + id));
        model.addAttribute("page", "dead-letters");
        model.addAttribute("letter", letter);
        model.addAttribute("payload", actions.maskedPayload(letter.payload()));
        model.addAttribute("ledger", actions.ledgerOf(letter));
        return "admin/dead-letter";
    }

    @PostMapping("/dead-letters/{id}/replay")
    String replay(@PathVariable long id, Principal principal, RedirectAttributes flash) {
        flash.addFlashAttribute("notice", actions.replayDeadLetter(id, principal)
                ? "Dead letter " + id + " replayed; the replay is in the ledger below."
                : "Dead letter " + id + " was already replayed.");
        return "redirect:/admin/dead-letters/" + id;
    }

    @PostMapping("/dead-letters/replay")
    String replayMany(@RequestParam(name = "ids", required = false) List<Long> ids, Principal principal,
                      RedirectAttributes flash) {
        if (ids == null || ids.isEmpty()) {
            flash.addFlashAttribute("notice", "Select the dead letters to replay first.");
        } else {
            List<Long> replayed = deadLetters.replayAll(ids, AdminActions.actor(principal));
            flash.addFlashAttribute("notice", "Replayed " + replayed.size() + " of " + ids.size()
                    + " dead letters; each replay is in the ledger.");
        }
        return "redirect:/admin/dead-letters";
    }

    @GetMapping("/impact")
    String impact(@RequestParam(defaultValue = "30") int days, @RequestParam(required = false) Integer within,
                  Model model) {
        ImpactReport.Impact figures = impact.impact(days, within == null ? properties.ticketWindow() : within);
        model.addAttribute("page", "impact");
        model.addAttribute("impact", figures);
        model.addAttribute("chart", DayChart.of(figures.perDay()));
        ControlGroupReport.ControlGroups control = controlGroups.compare(figures.days(), figures.withinDays());
        model.addAttribute("control", control);
        model.addAttribute("controlKinds", ControlGroupView.of(control));
        ControlGroupReport.ControlGroups sendTime = controlGroups.compare(figures.days(), figures.withinDays(),
                Experiment.SEND_TIME);
        model.addAttribute("sendTime", sendTime);
        model.addAttribute("sendTimeKinds", ControlGroupView.of(sendTime));
        return "admin/impact";
    }
}
