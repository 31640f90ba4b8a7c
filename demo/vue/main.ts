// Registers the kit's elements and types them as global components for templates.
import 'checkout-kit/vue';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
