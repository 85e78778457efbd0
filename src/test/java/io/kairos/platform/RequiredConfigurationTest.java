package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kairos.KairosApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** Start-up without the required settings stops at once, with one line naming every missing variable. */
@ExtendWith(OutputCaptureExtension.class)
class RequiredConfigurationTest {

    @Test
    void missingSettingsStopStartUpWithOneClearLine(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(KairosApplication.class)
                .web(WebApplicationType.NONE)
                .properties("zendesk.base-url=https://acme.zendesk.com", "zendesk.email=kairos@acme.example",
                        "kairos.db.url=jdbc:h2:mem:required-config")
                .run());

        assertThat(failure).isInstanceOf(MissingConfigurationException.class);
        assertThat(((MissingConfigurationException) failure).missing()).containsExactly("ZENDESK_API_TOKEN",
                "ZENDESK_WEBHOOK_SECRET", "SALESFORCE_LOGIN_URL", "SALESFORCE_CLIENT_ID", "SALESFORCE_CLIENT_SECRET",
                "KAIROS_API_TOKEN", "INTERCOM_CLIENT_SECRET");
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("Missing required configuration: ZENDESK_API_TOKEN, ZENDESK_WEBHOOK_SECRET, "
                        + "SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, KAIROS_API_TOKEN, "
                        + "INTERCOM_CLIENT_SECRET")
                .doesNotContain("\tat io.kairos");
    }

    @Test
    void blankValuesCountAsMissing() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(KairosApplication.class)
                .web(WebApplicationType.NONE)
                .properties("zendesk.base-url=https://acme.zendesk.com", "zendesk.email=kairos@acme.example",
                        "zendesk.api-token=t", "zendesk.webhook-secret=s", "salesforce.login-url=https://x",
                        "salesforce.client-id=c", "salesforce.client-secret=  ", "kairos.api-token=k",
                        "intercom.client-secret=i", "kairos.db.url=jdbc:h2:mem:required-config-2")
                .run());

        assertThat(((MissingConfigurationException) failure).missing()).containsExactly("SALESFORCE_CLIENT_SECRET");
    }

    @Test
    void theJwtBearerFlowNeedsItsUserAndKeystorePasswordInsteadOfAClientSecret() {
        MockEnvironment jwt = new MockEnvironment();
        for (String property : new String[] {"zendesk.base-url=https://acme.zendesk.com",
                "zendesk.email=kairos@acme.example", "zendesk.api-token=t", "zendesk.webhook-secret=s",
                "salesforce.login-url=https://x", "salesforce.client-id=c", "kairos.api-token=k",
                "intercom.client-secret=i", "salesforce.jwt.keystore=/secrets/connected-app.p12"}) {
            String[] kv = property.split("=", 2);
            jwt.setProperty(kv[0], kv[1]);
        }

        assertThat(RequiredConfiguration.missing(jwt)).containsExactly("SALESFORCE_JWT_USERNAME",
                "SALESFORCE_JWT_KEYSTOREPASSWORD");
        jwt.setProperty("salesforce.jwt.username", "kairos@acme.example");
        jwt.setProperty("salesforce.jwt.keystore-password", "p");
        assertThat(RequiredConfiguration.missing(jwt)).isEmpty();
    }

    @Test
    void theIntercomClientSecretIsRequiredOnlyWhileTheIntercomBridgeIsOn() {
        String[] allButIntercom = {"zendesk.base-url=https://acme.zendesk.com", "zendesk.email=kairos@acme.example",
                "zendesk.api-token=t", "zendesk.webhook-secret=s", "salesforce.login-url=https://x",
                "salesforce.client-id=c", "salesforce.client-secret=c", "kairos.api-token=k"};
        MockEnvironment on = new MockEnvironment();
        MockEnvironment off = new MockEnvironment().withProperty("kairos.intercom-bridge.enabled", "false");
        for (String property : allButIntercom) {
            String[] kv = property.split("=", 2);
            on.setProperty(kv[0], kv[1]);
            off.setProperty(kv[0], kv[1]);
        }

        assertThat(RequiredConfiguration.missing(on)).containsExactly("INTERCOM_CLIENT_SECRET");
        assertThat(RequiredConfiguration.missing(off)).isEmpty();
        assertThat(RequiredConfiguration.missing(on.withProperty("intercom.client-secret", "i"))).isEmpty();
    }
}
