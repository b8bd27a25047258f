import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { router } from './router.js'
import { i18n } from './i18n.js'
import './style.css'

createApp(App).use(createPinia()).use(router).use(i18n).use(ElementPlus, { locale: zhCn }).mount('#app')
