/**
 * The runnable Chorus node: {@code ./chorus agent}, {@code demo}, {@code members} and
 * {@code simulate}.
 */
module io.chorus.agent {
    requires io.chorus.api;
    requires io.chorus.core;
    requires org.slf4j;
}
