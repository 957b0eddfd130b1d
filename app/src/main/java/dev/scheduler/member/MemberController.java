package dev.scheduler.member;

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
@RequestMapping("/members")
class MemberController {

    private final MemberRepository members;

    MemberController(MemberRepository members) {
        this.members = members;
    }

    @PostMapping
    ResponseEntity<Member> create(@Valid @RequestBody MemberRequest request) {
        Member member = members.create(request.name().trim());
        return ResponseEntity.created(URI.create("/members/" + member.id())).body(member);
    }

    @GetMapping("/{id}")
    Member get(@PathVariable long id) {
        return members.find(id).orElseThrow(() -> new NotFoundException("member", id));
    }

    @GetMapping
    PageResult<Member> list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return members.page(PageQuery.of(page, size));
    }

    @PutMapping("/{id}")
    Member update(@PathVariable long id, @Valid @RequestBody MemberRequest request) {
        return members.update(id, request.name().trim()).orElseThrow(() -> new NotFoundException("member", id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        try {
            if (!members.delete(id)) {
                throw new NotFoundException("member", id);
            }
        } catch (DataIntegrityViolationException e) {
            throw new InUseException("member " + id + " takes part in events; remove it from them first");
        }
        return ResponseEntity.noContent().build();
    }
}
