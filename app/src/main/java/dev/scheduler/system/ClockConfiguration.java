package dev.scheduler.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One clock in the family's time zone ({@code SCHEDULER_TIME_ZONE}, default UTC); tests replace it. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    Clock clock(SchedulerProperties properties) {
        return Clock.system(properties.timeZone());
    }
}
