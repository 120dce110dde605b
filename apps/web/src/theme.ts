import { definePreset } from '@primevue/themes';
import Aura from '@primevue/themes/aura';

/**
 * The PrimeVue components the app uses (`primevue/<name>` imports). PrimeVue turns every component's tokens in the
 * preset into CSS when it starts, on the main thread of every page load: Aura's 88 cost far more than these five.
 * A component added to the app is added here (theme.spec.ts checks it).
 */
export const THEMED_COMPONENTS = ['button', 'inputtext', 'message', 'progressspinner', 'textarea'] as const;

const aura = Aura as unknown as { components: Record<string, unknown> };
const AuraUsed = { ...aura, components: Object.fromEntries(THEMED_COMPONENTS.map((name) => [name, aura.components[name]])) } as unknown as typeof Aura;

/**
 * Aura with a calm dark blue as the primary colour and darker message and secondary-button text: Aura's defaults
 * (emerald on white, light message text) fall below WCAG AA contrast, which axe reports as serious.
 */
export const HyokaTheme = definePreset(AuraUsed, {
  semantic: {
    primary: {
      50: '{blue.50}',
      100: '{blue.100}',
      200: '{blue.200}',
      300: '{blue.300}',
      400: '{blue.400}',
      500: '{blue.500}',
      600: '{blue.600}',
      700: '{blue.700}',
      800: '{blue.800}',
      900: '{blue.900}',
      950: '{blue.950}',
    },
    colorScheme: {
      light: {
        primary: { color: '{blue.700}', contrastColor: '#ffffff', hoverColor: '{blue.800}', activeColor: '{blue.900}' },
      },
    },
  },
  components: {
    message: {
      colorScheme: {
        light: {
          info: { color: '{blue.800}' },
          success: { color: '{green.800}' },
          warn: { color: '{yellow.900}' },
          error: { color: '{red.800}' },
        },
      },
    },
    button: {
      colorScheme: {
        light: {
          root: {
            secondary: { color: '{surface.800}', hoverColor: '{surface.900}', activeColor: '{surface.900}' },
            warn: { background: '{orange.700}', hoverBackground: '{orange.800}', activeBackground: '{orange.900}', borderColor: '{orange.700}', hoverBorderColor: '{orange.800}', activeBorderColor: '{orange.900}', color: '#ffffff', hoverColor: '#ffffff', activeColor: '#ffffff' },
          },
        },
      },
    },
  },
});
