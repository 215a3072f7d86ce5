import '@fortawesome/fontawesome-free/css/all.min.css';
import './style.css';
import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
