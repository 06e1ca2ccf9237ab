package dev.threadguard.report;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWriterTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(JsonWriter.quote("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
        assertThat(JsonWriter.quote("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(JsonWriter.quote("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\"");
        assertThat(JsonWriter.quote("a/b <x> & 'y'")).isEqualTo("\"a/b <x> & 'y'\"");
    }

    @Test
    void writesNonAsciiAsEscapesAndNonBmpAsSurrogatePairs() {
        assertThat(JsonWriter.quote("größe")).isEqualTo("\"gr\\u00f6\\u00dfe\"");
        assertThat(JsonWriter.quote("\u2028")).isEqualTo("\"\\u2028\"");
        assertThat(JsonWriter.quote("x\uD83D\uDE00y")).isEqualTo("\"x\\ud83d\\ude00y\"");
        // A lone surrogate cannot be encoded as UTF-8; escaped, it survives instead of becoming '?'.
        assertThat(JsonWriter.quote("\uD800")).isEqualTo("\"\\ud800\"");
    }

    @Test
    void aParserReadsBackExactlyWhatWasWritten() {
        String awkward = "q\"b\\s/n\nt\t\u0000\u001b\u007fé漢😀\u2028end";
        String read = JsonMapper.builder().build().readTree(JsonWriter.quote(awkward)).stringValue();
        assertThat(read).isEqualTo(awkward);
    }

    @Test
    void indentsNestedContainersAndKeepsEmptyOnesOnOneLine() throws IOException {
        StringBuilder out = new StringBuilder();
        JsonWriter json = new JsonWriter(out);
        json.beginObject()
                .property("n", 1)
                .property("b", false)
                .property("s", (String) null)
                .name("a").beginArray().value("x").beginObject().endObject().endArray()
                .name("e").beginArray().endArray()
                .endObject().finish();
        assertThat(out).hasToString("""
                {
                  "n": 1,
                  "b": false,
                  "s": null,
                  "a": [
                    "x",
                    {}
                  ],
                  "e": []
                }
                """);
    }

    @Test
    void refusesToCloseWithAValueMissing() throws IOException {
        JsonWriter json = new JsonWriter(new StringBuilder());
        json.beginObject().name("k");
        assertThatThrownBy(json::endObject).isInstanceOf(IllegalStateException.class);
    }
}
