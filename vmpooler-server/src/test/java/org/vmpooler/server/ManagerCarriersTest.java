package org.vmpooler.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class ManagerCarriersTest {

    private final Properties none = new Properties();

    @Test
    void theManagerGetsHalfTheCoresBesideTheApi() {
        assertThat(ManagerCarriers.forServer(2, 25, none)).hasValue(1);
        assertThat(ManagerCarriers.forServer(3, 24, none)).hasValue(1);
        assertThat(ManagerCarriers.forServer(16, 25, none)).hasValue(8);
    }

    @Test
    void leftAloneOnOneCoreBeforeJdk24OrWhenTheOperatorChose() {
        assertThat(ManagerCarriers.forServer(1, 25, none)).isEmpty();
        assertThat(ManagerCarriers.forServer(8, 21, none)).as("synchronized pins carriers before JDK 24").isEmpty();
        Properties chosen = new Properties();
        chosen.setProperty(ManagerCarriers.PARALLELISM, "6");
        assertThat(ManagerCarriers.forServer(8, 25, chosen)).isEmpty();
    }
}
