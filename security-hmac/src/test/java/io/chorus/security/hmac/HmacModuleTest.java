package io.chorus.security.hmac;

import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.testkit.ModuleShape;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape of {@code io.chorus.security.hmac} (STYLE conventions 1 and 3): the module name
 * is the root package, nothing is exported, and the descriptor and META-INF/services agree.
 */
class HmacModuleTest {
    private static final String MODULE = "io.chorus.security.hmac";
    private final ModuleShape shape = ModuleShape.of(HmacSignerProvider.class.getModule());

    @Test
    void moduleNameIsTheRootPackage() {
        shape.assertNamed(MODULE, HmacSignerProvider.class);
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        shape.assertEveryPackageStartsWithTheModuleName();
    }

    @Test
    void itExportsAndOpensNothingAndRequiresOnlyTheApiAndBouncyCastle() {
        shape.assertExportsAndOpensNothing();
        shape.assertRequiresExactly("java.base", "io.chorus.api", "org.bouncycastle.provider");
    }

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() {
        shape.assertProvidesOnly(MessageSignerProvider.class, HmacSignerProvider.class);
        shape.assertServicesFilesAgreeWithTheDescriptor();
    }

    @Test
    void theProviderIsTheOnlyPublicClass() {
        shape.assertPublicClassesAre(HmacSignerProvider.class);
    }

    @Test
    void theProviderHasAPublicNoArgConstructor() {
        ModuleShape.assertCheapFactory(HmacSignerProvider.class);
    }
}
