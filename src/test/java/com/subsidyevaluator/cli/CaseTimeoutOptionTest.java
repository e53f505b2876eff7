package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@code --case-timeout} accepts (its refusals, through the commands, are in CaseTimeoutTest). */
class CaseTimeoutOptionTest {

    @Test
    void durationsInSecondsOrMilliseconds() {
        assertEquals(Duration.ofSeconds(2), CaseTimeoutOption.parse("2s"));
        assertEquals(Duration.ofMillis(500), CaseTimeoutOption.parse("500ms"));
        assertEquals(Duration.ofMillis(1500), CaseTimeoutOption.parse("1.5s"));
        assertEquals(Duration.ofMillis(250), CaseTimeoutOption.parse(" 0.25S "));
        assertEquals(Duration.ofMillis(1), CaseTimeoutOption.parse("1ms"));
        assertEquals(Duration.ofMillis(1), CaseTimeoutOption.parse("0.001s"));
        assertEquals(Duration.ofHours(24), CaseTimeoutOption.parse("86400s"));
        assertEquals(Duration.ofSeconds(2), new CaseTimeoutOption().budget(), "the default");
    }

    @Test
    void zeroOrOffMeansNoLimit() {
        for (String v : new String[] {"0", "off", "OFF", "none", "0s", "0ms", "0.0s"}) {
            assertNull(CaseTimeoutOption.parse(v), v);
        }
    }

    @Test
    void anythingElseIsRefused() {
        for (String v : new String[] {"2", "1.5", "-1s", "2 sec", "2m", "1e3ms", "0.5ms", "86401s", "abc", ""}) {
            assertThrows(IllegalArgumentException.class, () -> CaseTimeoutOption.parse(v), v);
        }
    }
}
