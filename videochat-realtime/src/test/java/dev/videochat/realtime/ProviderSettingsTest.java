package dev.videochat.realtime;

import dev.videochat.core.testing.ProviderCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderSettingsTest {

    @ParameterizedTest
    @MethodSource("dev.videochat.core.testing.ProviderCatalog#onClassPath")
    void everyProviderOnTheClassPathRefusesAnUnknownSettingListingTheKnownOnes(ProviderCatalog.Found found) {
        ProviderCatalog.assertRefusesUnknownKey(found);
    }
}
