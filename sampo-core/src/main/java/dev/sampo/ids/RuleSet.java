package dev.sampo.ids;

import java.util.List;

/** The rules that were read, and the ones that were skipped with the reason. */
public record RuleSet(List<Rule> rules, List<RuleProblem> problems) {
}
