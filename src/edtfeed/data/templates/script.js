{#- Copy the feed address; a chapter link (`#t=` seconds) seeks its episode's player, and a page opened at `#t=`
(an episode's page shared at a moment) sets its player there. Audio and artwork live on the public hosts: when one
cannot load (a preview offline), say so beside it; an image that failed before this script ran is found by the
sweep at the end. -#}
document.addEventListener('click',function(e){
var a=e.target.closest('.chapters a');
if(a){var p=a.closest('article').querySelector('audio');
if(p){e.preventDefault();p.currentTime=Number(a.hash.slice(3));var r=p.play();if(r)r.catch(function(){});}}
var b=e.target.closest('button[data-copy]');
if(b&&navigator.clipboard){navigator.clipboard.writeText(b.dataset.copy).then(function(){b.textContent=b.dataset.done;},function(){});}});
function note(t){if(!(t instanceof HTMLMediaElement||t instanceof HTMLImageElement)||t.dataset.noted)return;
t.dataset.noted=1;var n=document.createElement('p');n.className='unreachable';n.setAttribute('role','status');
n.textContent=document.body.dataset.unreachable+' '+new URL(t.currentSrc||t.src,location.href).host;
t.insertAdjacentElement('afterend',n);}
document.addEventListener('error',function(e){note(e.target);},true);
document.querySelectorAll('img,audio').forEach(function(t){if(t.error||(t.complete&&t.naturalWidth===0))note(t);});
var m=/^#t=(\d+)$/.exec(location.hash),q=document.querySelector('audio');
if(m&&q)q.currentTime=Number(m[1]);
