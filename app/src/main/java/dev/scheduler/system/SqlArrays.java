package dev.scheduler.system;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * PostgreSQL array literals for query parameters ({@code CAST(:ids AS bigint[])}); JdbcClient
 * would expand a collection into a list of placeholders, and an empty list is not valid SQL.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    public static String of(Collection<? extends Number> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
