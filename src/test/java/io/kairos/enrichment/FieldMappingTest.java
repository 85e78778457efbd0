package io.kairos.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Salesforce fields and tag patterns a mapping accepts: what may ever be written into a SOQL query. */
class FieldMappingTest {

    @Test
    void contactAndAccountFieldsByApiNameAreAccepted() {
        for (String field : List.of("Contact.Title", "Contact.MailingCountry", "Account.Industry",
                "Account.Region__c", "Account.acme__Score__c", "Contact.Time_Zone__c", "Account.NumberOfEmployees")) {
            assertThat(FieldMapping.fieldProblem(field)).as(field).isEmpty();
        }
    }

    @Test
    void anythingElseIsRefusedWithTheReason() {
        for (String field : List.of("Account.Owner.Name", "Industry", "Opportunity.Amount", "contact.Title",
                "Account.Name FROM User", "Account.Name,Id", "Account.Industry'", "Account.Region__r",
                "Account.Bad__Name", "Account._Hidden", "Account.Trailing_", "Account.", "Account.1st")) {
            assertThat(FieldMapping.fieldProblem(field)).as(field).contains("'" + field + "' is not a field Kairos "
                    + "can read: write Contact.<Field> or Account.<Field> with the field's API name (Industry, "
                    + "Region__c), one relationship hop at most");
        }
        assertThat(FieldMapping.fieldProblem(null)).isPresent();
    }

    @Test
    void aTagPatternHasOneValueBetweenTagCharacters() {
        assertThat(FieldMapping.tagProblem("region_{value}")).isEmpty();
        assertThat(FieldMapping.tagProblem("{value}")).isEmpty();
        for (String tag : List.of("region", "Region_{value}", "region {value}", "{value}_{value}", "region-{value}",
                "{Value}", "")) {
            assertThat(FieldMapping.tagProblem(tag)).as(tag).contains("'" + tag + "' is not a tag pattern: "
                    + "lower-case letters, digits and _ around one {value}, e.g. region_{value}");
        }
    }

    @Test
    void aMappingIsCheckedWhenItIsMadeSoAPropertyCannotBypassTheFileCheck() {
        assertThatThrownBy(() -> new FieldMapping("Account.Owner.Name", 1L, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one relationship hop at most");
        assertThatThrownBy(() -> new FieldMapping("Account.Industry", null, "Industry"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a tag pattern");
        assertThatThrownBy(() -> new FieldMapping("Account.Industry", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mapping of Account.Industry names neither "
                        + "a custom-field nor a tag");
        assertThatThrownBy(() -> new FieldMapping("Account.Industry", 0L, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTagIsThePatternWithTheSluggedValue() {
        FieldMapping region = new FieldMapping("Account.Region__c", null, "region_{value}");

        assertThat(region.tagFor("EMEA North / DACH")).contains("region_emea_north_dach");
        assertThat(region.tagFor("Zürich")).contains("region_z_rich");
        assertThat(region.tagFor("—")).isEmpty();
        assertThat(region.tagFor("x".repeat(100))).contains("region_" + "x".repeat(60));
        assertThat(new FieldMapping("Account.Region__c", 7L, null).tagFor("EMEA")).isEmpty();
        assertThat(region.object()).isEqualTo("Account");
        assertThat(region.field()).isEqualTo("Region__c");
    }

    @Test
    void theSchemaChecksTheSamePatterns() throws Exception {
        JsonNode mapping;
        try (InputStream in = getClass().getResourceAsStream("/config-schemas/enrichment.schema.json")) {
            mapping = new ObjectMapper().readTree(in).at("/properties/mappings/items/properties");
        }

        assertThat(mapping.at("/salesforce/pattern").asText()).isEqualTo("^" + FieldMapping.FIELD.pattern() + "$");
        assertThat(mapping.at("/tag/pattern").asText()).isEqualTo("^" + FieldMapping.TAG.pattern() + "$");
    }
}
