package org.sparkmlp.job.report;

/** Drawing charts needs no display: AWT runs headless unless the user chose otherwise. */
final class Headless {
    private Headless() {}

    static void ensure() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
