package dev.scheduler.request;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.scheduler.system.InvalidFieldException;
import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

@RestController
@RequestMapping("/requests")
class RequestController {

    private static final Set<String> STATUSES = Set.of(StoredRequest.PENDING, StoredRequest.DONE,
            StoredRequest.CONFLICT, StoredRequest.REJECTED);

    private final RequestService service;

    RequestController(RequestService service) {
        this.service = service;
    }

    /** 202: the request is queued; poll the Location for the outcome. */
    @PostMapping
    ResponseEntity<RequestView> submit(@Valid @RequestBody SubmitRequest body) {
        RequestView view = service.submit(body.message(), body.id());
        return ResponseEntity.accepted().location(URI.create("/requests/" + view.id())).body(view);
    }

    @GetMapping("/{id}")
    RequestView get(@PathVariable UUID id) {
        return service.view(id);
    }

    @GetMapping
    PageResult<RequestView> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidFieldException("status", "must be one of pending, done, conflict, rejected");
        }
        return service.page(PageQuery.of(page, size), status);
    }
}
