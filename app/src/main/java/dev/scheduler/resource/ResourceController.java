package dev.scheduler.resource;

import java.net.URI;

import jakarta.validation.Valid;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.scheduler.system.InUseException;
import dev.scheduler.system.NotFoundException;
import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

@RestController
@RequestMapping("/resources")
class ResourceController {

    private final ResourceRepository resources;

    ResourceController(ResourceRepository resources) {
        this.resources = resources;
    }

    @PostMapping
    ResponseEntity<Resource> create(@Valid @RequestBody ResourceRequest request) {
        Resource resource = resources.create(request.name().trim(), request.kind());
        return ResponseEntity.created(URI.create("/resources/" + resource.id())).body(resource);
    }

    @GetMapping("/{id}")
    Resource get(@PathVariable long id) {
        return resources.find(id).orElseThrow(() -> new NotFoundException("resource", id));
    }

    @GetMapping
    PageResult<Resource> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return resources.page(PageQuery.of(page, size));
    }

    @PutMapping("/{id}")
    Resource update(@PathVariable long id, @Valid @RequestBody ResourceRequest request) {
        return resources.update(id, request.name().trim(), request.kind())
                .orElseThrow(() -> new NotFoundException("resource", id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        try {
            if (!resources.delete(id)) {
                throw new NotFoundException("resource", id);
            }
        } catch (DataIntegrityViolationException e) {
            throw new InUseException("resource " + id + " is booked by events; remove it from them first");
        }
        return ResponseEntity.noContent().build();
    }
}
