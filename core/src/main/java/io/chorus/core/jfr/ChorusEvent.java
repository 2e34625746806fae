package io.chorus.core.jfr;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.StackTrace;

/**
 * What every Chorus event shares: the category {@code Chorus}, and no stack trace (where an event
 * comes from is in its name; a stack trace would cost more than the event).
 */
@Category("Chorus")
@StackTrace(false)
abstract class ChorusEvent extends Event {
}
