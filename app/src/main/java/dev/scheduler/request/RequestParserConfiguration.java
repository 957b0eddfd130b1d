package dev.scheduler.request;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RequestParserConfiguration {

    @Bean
    RequestParser requestParser(Clock clock) {
        return new RequestParser(clock);
    }
}
