package io.chorus.hashing;

/** Primality by trial division: table sizes are at most a few million, so this is fast enough. */
final class Primes {
    private Primes() {
    }

    /** @return whether {@code n} is prime */
    static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n % 2 == 0) {
            return n == 2;
        }
        for (long d = 3; d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param n a lower bound, at most {@link Integer#MAX_VALUE} − 100
     * @return the smallest prime at or above {@code n}
     */
    static int atLeast(long n) {
        long p = Math.max(2, n);
        while (!isPrime(p)) {
            p++;
        }
        if (p > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("no int prime at or above " + n);
        }
        return (int) p;
    }
}
