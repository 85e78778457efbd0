package io.kairos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class KairosApplication {
    public static void main(String[] args) {
        SpringApplication.run(KairosApplication.class, args);
    }
}
