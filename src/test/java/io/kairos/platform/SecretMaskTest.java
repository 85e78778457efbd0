package io.kairos.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void keyValueSecretsAndBearerCredentialsAreMaskedInText() {
        assertThat(SecretMask.mask("{serverUrl=http://z, token=zd-123, username=kairos@acme.example}"))
                .isEqualTo("{serverUrl=http://z, token=***, username=kairos@acme.example}");
        assertThat(SecretMask.mask("login?user=a&PASSWORD=hunter2&x=1")).isEqualTo("login?user=a&PASSWORD=***&x=1");
        assertThat(SecretMask.mask("client_secret=abc def")).isEqualTo("client_secret=*** def");
        assertThat(SecretMask.mask("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"))
                .isEqualTo("Authorization: Bearer ***");
        assertThat(SecretMask.mask("nothing secret here")).isEqualTo("nothing secret here");
        assertThat(SecretMask.mask((String) null)).isNull();
    }

    @Test
    void secretNamedFieldsAreMaskedAtAnyDepthAndOtherTextsAsText() throws Exception {
        JsonNode payload = JSON.readTree("""
                {"ticket_id": "35436", "api_token": "abc", "nested": {"Password": "p", "list": [{"clientSecret": 7}]},
                 "note": "failed with token=zd-9", "signature": null, "authorization": {"kind": "basic"}}""");

        JsonNode masked = SecretMask.mask(payload);

        assertThat(masked.toString()).isEqualTo("{\"ticket_id\":\"35436\",\"api_token\":\"***\",\"nested\":"
                + "{\"Password\":\"***\",\"list\":[{\"clientSecret\":\"***\"}]},\"note\":\"failed with token=***\","
                + "\"signature\":null,\"authorization\":{\"kind\":\"basic\"}}");
        assertThat(payload.path("api_token").asText()).as("the original is left alone").isEqualTo("abc");
    }
}
