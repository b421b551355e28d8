package org.vfiomigtest.scenario;

/**
 * A scenario file that cannot be run: a YAML syntax error, an unknown key, a value of the wrong
 * type, an unknown state, errno or field name, a step without its expectation. The message is
 * {@code FILE:LINE:COLUMN: problem}, so editors and CI logs jump to the place.
 */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Where where;
    private final String problem;

    public ScenarioException(Where where, String problem) {
        this(where, problem, null);
    }

    public ScenarioException(Where where, String problem, Throwable cause) {
        super(where + ": " + problem, cause);
        this.where = where;
        this.problem = problem;
    }

    public Where where() {
        return where;
    }

    /** The file as given (a path, or {@code classpath:/org/vfiomigtest/scenarios/NAME.yaml}). */
    public String file() {
        return where.file();
    }

    /** 1-based. */
    public int line() {
        return where.line();
    }

    /** 1-based. */
    public int column() {
        return where.column();
    }

    /** The message without the position. */
    public String problem() {
        return problem;
    }
}
