package dev.scheduler.constraint;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

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

import dev.scheduler.member.MemberRepository;
import dev.scheduler.resource.ResourceRepository;
import dev.scheduler.system.InvalidFieldException;
import dev.scheduler.system.NotFoundException;
import dev.scheduler.system.PageQuery;
import dev.scheduler.system.PageResult;

@RestController
@RequestMapping("/constraints")
class ConstraintController {

    private final AvailabilityRuleRepository rules;
    private final MemberRepository members;
    private final ResourceRepository resources;

    ConstraintController(AvailabilityRuleRepository rules, MemberRepository members, ResourceRepository resources) {
        this.rules = rules;
        this.members = members;
        this.resources = resources;
    }

    @PostMapping
    ResponseEntity<AvailabilityRule> create(@Valid @RequestBody ConstraintRequest request) {
        validate(request);
        AvailabilityRule rule = rules.create(request);
        return ResponseEntity.created(URI.create("/constraints/" + rule.id())).body(rule);
    }

    @GetMapping("/{id}")
    AvailabilityRule get(@PathVariable long id) {
        return rules.find(id).orElseThrow(() -> new NotFoundException("constraint", id));
    }

    @GetMapping
    PageResult<AvailabilityRule> list(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) Long memberId,
            @RequestParam(required = false) Long resourceId) {
        return rules.page(PageQuery.of(page, size), memberId, resourceId);
    }

    @PutMapping("/{id}")
    AvailabilityRule update(@PathVariable long id, @Valid @RequestBody ConstraintRequest request) {
        validate(request);
        return rules.update(id, request).orElseThrow(() -> new NotFoundException("constraint", id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        if (!rules.delete(id)) {
            throw new NotFoundException("constraint", id);
        }
        return ResponseEntity.noContent().build();
    }

    private void validate(ConstraintRequest request) {
        if ((request.memberId() == null) == (request.resourceId() == null)) {
            throw new InvalidFieldException("memberId", "give exactly one of memberId and resourceId");
        }
        if (request.from().equals(request.until())) {
            throw new InvalidFieldException("until", "must differ from 'from'");
        }
        if (request.memberId() != null && members.existing(List.of(request.memberId())).isEmpty()) {
            throw new InvalidFieldException("memberId", "member " + request.memberId() + " does not exist");
        }
        if (request.resourceId() != null && resources.existing(List.of(request.resourceId())).isEmpty()) {
            throw new InvalidFieldException("resourceId", "resource " + request.resourceId() + " does not exist");
        }
    }
}
