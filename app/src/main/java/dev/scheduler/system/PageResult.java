package dev.scheduler.system;

import java.util.List;

/** One page of a listing, with what a client needs to fetch the next one. */
public record PageResult<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

    public static <T> PageResult<T> of(List<T> content, PageQuery query, long totalElements) {
        int totalPages = (int) ((totalElements + query.size() - 1) / query.size());
        return new PageResult<>(content, query.page(), query.size(), totalElements, totalPages);
    }
}
