package io.kairos;

import io.kairos.config.ValidateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Kairos; {@code validate [folder]} checks the ops-owned files instead of starting (see ValidateCommand). */
@SpringBootApplication
public class KairosApplication {
    public static void main(String[] args) {
        if (args.length > 0 && "validate".equals(args[0])) {
            System.exit(ValidateCommand.run(args, System.out));
        }
        SpringApplication.run(KairosApplication.class, args);
    }
}
