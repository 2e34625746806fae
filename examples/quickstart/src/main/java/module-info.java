module hello {
    requires io.chorus.api;
}
