/**
 * Settings: every tunable with its default, read from {@code config/skirmish.properties}, environment
 * variables and system properties. {@link dev.skirmish.engine.config.SettingsLoader} is plain Java; the CDI producer
 * adapts it for the container.
 */
package dev.skirmish.engine.config;
