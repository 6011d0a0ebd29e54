package org.vmpooler.manager.ondemand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmpooler.provider.ProviderException;

class ErrorClassifierTest {

    private final ErrorClassifier classifier = new ErrorClassifier();

    @Test
    void configurationProblemsArePermanent() {
        assertThat(classifier.permanent(new ProviderException("Template 'x' not found"))).isTrue();
        assertThat(classifier.permanent(new ProviderException("Permission to clone denied"))).isTrue();
        assertThat(classifier.permanent(new ProviderException("Authentication has failed"))).isTrue();
        assertThat(classifier.permanent(new ProviderException("Datastore 'ds1' not found"))).isTrue();
        assertThat(classifier.permanent("anything", "ArgumentError")).isTrue();
        assertThat(classifier.permanent(new IllegalArgumentException("bad pool"))).isTrue();
        assertThat(classifier.permanent(ProviderException.permanent("quota policy forbids it"))).isTrue();
    }

    @Test
    void otherErrorsAreTransientAndMissingPartsAreNotJudged() {
        assertThat(classifier.permanent(new ProviderException("connection reset"))).isFalse();
        assertThat(classifier.permanent(new IllegalStateException("timed out"))).isFalse();
        assertThat(classifier.permanent(null, "ArgumentError")).isFalse();
        assertThat(classifier.permanent("template not found", null)).isFalse();
    }
}
