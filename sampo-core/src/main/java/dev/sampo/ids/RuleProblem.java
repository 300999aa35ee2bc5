package dev.sampo.ids;

/** A rule that was skipped: where it is, the keyword (or header field) at fault, and why. */
public record RuleProblem(String file, int line, String keyword, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + keyword + ": " + reason + " (rule skipped)";
    }
}
