package io.chorus.security.aes;

import io.chorus.api.spi.MessageSignerProvider;
import io.chorus.testkit.ModuleShape;
import org.junit.jupiter.api.Test;

/**
 * Guards the shape of {@code io.chorus.security.aes} (STYLE conventions 1 and 3): the module name
 * is the root package, nothing is exported, only the api is required (the hmac signer is found
 * by ServiceLoader), and the descriptor and META-INF/services agree.
 */
class AesModuleTest {
    private static final String MODULE = "io.chorus.security.aes";
    private final ModuleShape shape = ModuleShape.of(AesGcmSignerProvider.class.getModule());

    @Test
    void moduleNameIsTheRootPackage() {
        shape.assertNamed(MODULE, AesGcmSignerProvider.class);
    }

    @Test
    void everyPackageStartsWithTheModuleName() {
        shape.assertEveryPackageStartsWithTheModuleName();
    }

    @Test
    void itExportsAndOpensNothingAndRequiresOnlyTheApi() {
        shape.assertExportsAndOpensNothing();
        shape.assertRequiresExactly("java.base", "io.chorus.api");
    }

    @Test
    void servicesFileAgreesWithTheModuleDescriptor() {
        shape.assertProvidesOnly(MessageSignerProvider.class, AesGcmSignerProvider.class);
        shape.assertServicesFilesAgreeWithTheDescriptor();
    }

    @Test
    void theProviderIsTheOnlyPublicClass() {
        shape.assertPublicClassesAre(AesGcmSignerProvider.class);
    }

    @Test
    void theProviderHasAPublicNoArgConstructor() {
        ModuleShape.assertCheapFactory(AesGcmSignerProvider.class);
    }
}
