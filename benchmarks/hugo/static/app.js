document.querySelectorAll('a.ts').forEach(a=>a.addEventListener('click',()=>{const p=document.querySelector('audio');if(p){p.currentTime=+a.dataset.start;p.play()}}));
