package dev.scheduler;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.scheduler.system.Role;

/** The scheduler: one jar, started as the {@code api} or the {@code worker} role. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SchedulerApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(SchedulerApplication.class);
        // Default properties have the lowest precedence, so SERVER_PORT still wins over the role's port.
        Role role = Role.fromEnvironment(System.getenv("SCHEDULER_ROLE"));
        application.setDefaultProperties(Map.of("server.port", role.port()));
        application.run(args);
    }
}
