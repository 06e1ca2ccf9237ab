package dev.threadguard.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {

    @Test
    void readsBackWhatTheWriterWrites() throws IOException {
        StringBuilder out = new StringBuilder();
        new JsonWriter(out).beginObject()
                .property("name", "tab\there \"quoted\" caf\u00e9 \ud83d\ude00 \u0001")
                .property("count", 42)
                .property("negative", -7)
                .property("ok", true)
                .name("nothing").value((String) null)
                .name("list").beginArray().value(1).beginObject().endObject().beginArray().endArray().endArray()
                .endObject().finish();

        Object doc = JsonReader.parse(out.toString());

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "tab\there \"quoted\" caf\u00e9 \ud83d\ude00 \u0001");
        expected.put("count", 42L);
        expected.put("negative", -7L);
        expected.put("ok", true);
        expected.put("nothing", null);
        expected.put("list", List.of(1L, Map.of(), List.of()));
        assertThat(doc).isEqualTo(expected);
        assertThat(((Map<?, ?>) doc).keySet().stream().map(Object::toString).toList())
                .containsExactly("name", "count", "negative", "ok", "nothing", "list");
    }

    @Test
    void numbersAreLongsWhenWholeElseDoubles() {
        assertThat(JsonReader.parse("[0, -0, 12, 1.5, -2e3, 1E+2, 123456789012345678901234567890]"))
                .isEqualTo(List.of(0L, 0L, 12L, 1.5, -2000.0, 100.0, 1.2345678901234568E29));
        assertThat(JsonReader.parse("\ufeff \"\\u00e9\\/\" \n")).isEqualTo("\u00e9/");
    }

    @Test
    void whatIsNotJsonSaysWhereAndWhatWasExpected() {
        assertThatThrownBy(() -> JsonReader.parse("")).hasMessage("line 1, column 1: unexpected end of the document, expected a value");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1,}")).hasMessage("line 1, column 9: unexpected '}', expected a property name in double quotes");
        assertThatThrownBy(() -> JsonReader.parse("[1 2]")).hasMessage("line 1, column 4: unexpected '2', expected ',' or ']'");
        assertThatThrownBy(() -> JsonReader.parse("{\n  \"a\": tru }")).hasMessage("line 2, column 8: unexpected 't', expected a value");
        assertThatThrownBy(() -> JsonReader.parse("{} {}")).hasMessage("line 1, column 4: unexpected '{' after the end of the document");
        assertThatThrownBy(() -> JsonReader.parse("[01]")).hasMessage("line 1, column 3: unexpected '1', expected ',' or ']'");
        assertThatThrownBy(() -> JsonReader.parse("[1.]")).hasMessage("line 1, column 2: invalid number");
        assertThatThrownBy(() -> JsonReader.parse("\"abc")).hasMessage("line 1, column 1: string not closed");
        assertThatThrownBy(() -> JsonReader.parse("\"a\nb\"")).hasMessage("line 1, column 3: control character in a string; write it as an escape");
        assertThatThrownBy(() -> JsonReader.parse("\"\\x\"")).hasMessage("line 1, column 2: invalid escape \\x");
        assertThatThrownBy(() -> JsonReader.parse("\"\\u12g4\"")).hasMessage("line 1, column 2: invalid \\u escape");
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1, \"a\": 2}")).hasMessage("line 1, column 10: property \"a\" appears twice");
        assertThatThrownBy(() -> JsonReader.parse("\u00e9")).hasMessage("line 1, column 1: unexpected character U+00E9, expected a value");
    }

    @Test
    void deepNestingFailsWithAMessageRatherThanAStackOverflow() {
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(100_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested more than 256 levels deep");
        assertThat(JsonReader.parse("[".repeat(200) + "]".repeat(200))).isInstanceOf(List.class);
    }
}
