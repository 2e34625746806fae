package io.chorus.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chorus.api.spi.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The api version: its form, the rule that says which providers run, and the constant kept in step with the release. */
class ApiVersionTest {

    @Test
    void theConstantIsTheMajorAndMinorOfTheRelease() throws IOException {
        String basedir = System.getProperty("basedir");
        Path pom = (basedir == null ? Path.of("") : Path.of(basedir)).toAbsolutePath().resolve("pom.xml");
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(Files.readString(pom));
        assertTrue(m.find(), "no parent version in " + pom);
        String release = m.group(1);
        assertTrue(release.startsWith(ApiVersion.CURRENT + "."), () -> "ApiVersion.CURRENT is " + ApiVersion.CURRENT
                + " but the release is " + release + ": a new minor or major release updates the constant");
        assertEquals(ApiVersion.parse(ApiVersion.CURRENT), ApiVersion.present());
    }

    @Test
    void parsesMajorDotMinor() {
        assertEquals(new ApiVersion(0, 1), ApiVersion.parse("0.1"));
        assertEquals(new ApiVersion(12, 30), ApiVersion.parse("12.30"));
        assertEquals("12.30", ApiVersion.parse("12.30").toString());
        for (String bad : new String[] {"", "1", "1.2.3", "01.2", "1.-2", " 1.2", "v1.2", "1.2-SNAPSHOT", "99999999999.0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiVersion.parse(bad), bad);
            assertEquals("'" + bad + "' is not an api version: MAJOR.MINOR, such as " + ApiVersion.CURRENT, e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ApiVersion(-1, 0));
        assertThrows(NullPointerException.class, () -> ApiVersion.parse(null));
    }

    @Test
    void aProviderRunsOnItsOwnMinorAndLaterOnesOfItsMajor() {
        ApiVersion present = new ApiVersion(1, 3);
        assertTrue(present.runs(new ApiVersion(1, 3)));
        assertTrue(present.runs(new ApiVersion(1, 0)));
        assertFalse(present.runs(new ApiVersion(1, 4)), "built for a newer api");
        assertFalse(present.runs(new ApiVersion(2, 0)), "built for a newer major version");
        assertFalse(present.runs(new ApiVersion(0, 9)), "built for an older major version");
    }

    @Test
    void versionsOrderByMajorThenMinor() {
        assertTrue(new ApiVersion(0, 10).compareTo(new ApiVersion(0, 9)) > 0);
        assertTrue(new ApiVersion(1, 0).compareTo(new ApiVersion(0, 99)) > 0);
        assertEquals(0, new ApiVersion(2, 1).compareTo(ApiVersion.parse("2.1")));
    }

    @Test
    void aProviderThatDoesNotDeclareIsTakenAsBuiltForTheApiPresent() {
        Provider p = () -> "plain";
        assertEquals(ApiVersion.CURRENT, p.apiVersion());
    }
}
