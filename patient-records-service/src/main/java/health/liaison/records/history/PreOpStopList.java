package health.liaison.records.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which of a patient's current medications must be stopped before surgery, and how many days before. A starting
 * table that the surgical team reviews per case, following common peri-operative guidance: anticoagulants and
 * antiplatelets (bleeding), GLP-1 receptor agonists (delayed gastric emptying: ASA 2023 advises holding weekly
 * doses a week before and daily doses the day before), NSAIDs, oestrogens (clots) and supplements that thin blood.
 */
public final class PreOpStopList {

    public record Advice(String medication, String drugClass, int stopDaysBefore) {
    }

    private record Rule(String drugClass, int days, List<String> names) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("anticoagulant", 5, List.of("warfarin", "coumadin", "jantoven")),
            new Rule("anticoagulant", 3, List.of("apixaban", "eliquis", "rivaroxaban", "xarelto", "dabigatran",
                    "pradaxa", "edoxaban", "savaysa")),
            new Rule("antiplatelet", 7, List.of("clopidogrel", "plavix", "prasugrel", "effient", "ticagrelor",
                    "brilinta", "aspirin")),
            new Rule("GLP-1 agonist (weekly)", 7, List.of("semaglutide", "ozempic", "wegovy", "tirzepatide",
                    "mounjaro", "zepbound", "dulaglutide", "trulicity", "exenatide er", "bydureon")),
            new Rule("GLP-1 agonist (daily)", 1, List.of("liraglutide", "victoza", "saxenda", "rybelsus", "exenatide",
                    "byetta", "lixisenatide")),
            new Rule("NSAID", 3, List.of("ibuprofen", "advil", "motrin", "naproxen", "aleve", "diclofenac",
                    "meloxicam", "ketorolac")),
            new Rule("oestrogen", 28, List.of("estradiol", "oral contraceptive", "birth control pill",
                    "conjugated estrogens", "premarin", "tamoxifen")),
            new Rule("supplement", 14, List.of("fish oil", "omega-3", "vitamin e", "ginkgo", "garlic supplement",
                    "ginseng", "st john's wort", "turmeric")));

    private PreOpStopList() {
    }

    public static List<Advice> of(List<Intake.Medication> medications) {
        List<Advice> advice = new ArrayList<>();
        if (medications == null) {
            return advice;
        }
        for (Intake.Medication medication : medications) {
            String name = medication.name().toLowerCase(Locale.ROOT);
            RULES.stream().filter(rule -> rule.names().stream().anyMatch(name::contains)).findFirst()
                    .ifPresent(rule -> advice.add(new Advice(medication.name(), rule.drugClass(), rule.days())));
        }
        return advice;
    }
}
