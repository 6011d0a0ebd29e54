package org.vmpooler.api.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON text laid out exactly as Ruby's {@code JSON.pretty_generate}: two-space indentation, one member or
 * element per line, {@code "key": value}, and {@code {}} / {@code []} for empty containers. The reference's
 * tests compare whole bodies as text, and so may scripts written against it, so the layout is part of the API.
 */
public final class RubyJson {
    /**
     * Requests run on virtual threads, each new, so Jackson's default per-thread buffer recycling never reuses
     * a buffer: every body written allocated fresh 8 KB buffers. A shared pool recycles them across threads.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectWriter WRITER = MAPPER.writer(new PrettyGenerate());

    private RubyJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Renders maps (in their iteration order), lists, strings, numbers, booleans and nulls. */
    public static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("value cannot be rendered as JSON: " + value.getClass().getName(), e);
        }
    }

    /** {@link #write} as UTF-8 bytes, without the intermediate string. */
    public static byte[] writeBytes(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("value cannot be rendered as JSON: " + value.getClass().getName(), e);
        }
    }

    private static final class PrettyGenerate extends DefaultPrettyPrinter {
        private static final DefaultIndenter TWO_SPACES = new DefaultIndenter("  ", "\n");

        PrettyGenerate() {
            super(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
            indentObjectsWith(TWO_SPACES);
            indentArraysWith(TWO_SPACES);
        }

        private PrettyGenerate(PrettyGenerate base) {
            super(base);
        }

        @Override
        public PrettyGenerate createInstance() {
            return new PrettyGenerate(this);
        }
    }
}
