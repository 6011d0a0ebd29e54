package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Utf8CodecTest {

    private static ByteBuffer direct(String text, String before, String after) {
        byte[] bytes = (before + text + after).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return buffer.position(before.getBytes(StandardCharsets.UTF_8).length)
                .limit(bytes.length - after.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void readsExactlyTheBytesBetweenPositionAndLimitAndLeavesThePosition() {
        ByteBuffer buffer = direct("vmpooler__vm__bench-zesty-kite", "$30\r\n", "\r\n*2");
        int position = buffer.position();

        assertThat(Utf8Codec.decode(buffer)).isEqualTo("vmpooler__vm__bench-zesty-kite");
        assertThat(buffer.position()).isEqualTo(position);
    }

    @Test
    void decodesMultiByteTextEmptyValuesAndHeapBuffers() {
        assertThat(Utf8Codec.INSTANCE.decodeValue(direct("café ✓ 東京", "", ""))).isEqualTo("café ✓ 東京");
        assertThat(Utf8Codec.INSTANCE.decodeKey(direct("", "x", "y"))).isEmpty();
        ByteBuffer heap = ByteBuffer.wrap("--pool--".getBytes(StandardCharsets.UTF_8)).position(2).limit(6);
        assertThat(Utf8Codec.INSTANCE.decodeValue(heap)).isEqualTo("pool");
    }

    @Test
    void aValueLargerThanTheScratchIsReadWholeAndSmallerOnesAfterIt() {
        String large = "a".repeat(200_000) + "é";
        assertThat(Utf8Codec.decode(direct(large, "", ""))).isEqualTo(large);
        assertThat(Utf8Codec.decode(direct("short", "", ""))).isEqualTo("short");
    }

    @Test
    void encodesAsLettuceDoes() {
        ByteBuffer encoded = Utf8Codec.INSTANCE.encodeValue("ready ✓");
        assertThat(StandardCharsets.UTF_8.decode(encoded).toString()).isEqualTo("ready ✓");
    }
}
