package dev.scheduler.event;

/** The draft overlaps other events or breaks a constraint; answered with 409 and the report. */
public class SchedulingConflictException extends RuntimeException {

    private final transient ConflictReport report;

    public SchedulingConflictException(ConflictReport report) {
        super(describe(report));
        this.report = report;
    }

    public ConflictReport report() {
        return report;
    }

    private static String describe(ConflictReport report) {
        StringBuilder text = new StringBuilder("the time is not free");
        report.conflicts().forEach(c -> text.append("; overlaps event ").append(c.id()).append(" '")
                .append(c.title()).append("' (").append(c.start()).append(" - ").append(c.end()).append(')'));
        report.constraints().forEach(c -> text.append("; breaks constraint ").append(c.id())
                .append(c.reason() == null ? "" : " (" + c.reason() + ")"));
        return text.toString();
    }
}
